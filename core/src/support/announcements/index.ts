// Announcements (issue 11): staff CRUD, the published list, the dashboard's latest, the RSS feed.
export { announcementInput, announcementPageInput, type AnnouncementInput } from './schemas'
export { createAnnouncement, updateAnnouncement, deleteAnnouncement } from './manage-announcements'
export {
  listAnnouncements,
  latestAnnouncements,
  getAnnouncement,
  announcementsRss,
  type AnnouncementSummary,
} from './read-announcements'
