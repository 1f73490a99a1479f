import {
  createAnnouncement,
  createKbArticle,
  createKbCategory,
  deleteAnnouncement,
  deleteKbArticle,
  deleteKbCategory,
  updateAnnouncement,
  updateKbArticle,
  updateKbCategory,
} from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { deleteHandler, editHandler, newHandler, type FormFields } from '../actions/core-actions'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * The knowledgebase and announcements in the console (sidebar group "Support"). support.view reads,
 * support.manage writes; every write goes through core (validation, slug rules, audit).
 */
const SUPPORT_NAV = { name: 'Support', icon: 'LifeBuoy' }
const SLUG_HELP =
  'Part of the address: lower-case letters, digits and hyphens. Leave empty to make it from the title.'

const CATEGORY_FIELDS: FormFields = {
  name: 'text',
  slug: 'text',
  description: 'text',
  parentId: 'text',
  sortOrder: 'text',
  isHidden: 'boolean',
}
const CATEGORY_MAP = { parentId: 'parent' }

export const kbCategoryResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, {
    model: 'KbCategory',
    include: { _count: { select: { articles: true } } },
    virtuals: (row) => ({ articleCount: (row as { _count?: { articles: number } })._count?.articles ?? 0 }),
  }),
  options: {
    navigation: SUPPORT_NAV,
    titleProperty: 'name',
    sort: { sortBy: 'sortOrder', direction: 'asc' },
    listProperties: ['name', 'slug', 'parent', 'articleCount', 'isHidden', 'sortOrder'],
    showProperties: ['name', 'slug', 'description', 'parent', 'isHidden', 'sortOrder'],
    editProperties: ['name', 'slug', 'description', 'parent', 'sortOrder', 'isHidden'],
    filterProperties: ['name', 'slug', 'isHidden'],
    properties: {
      id: { isVisible: false },
      name: { isTitle: true, isRequired: true },
      slug: { description: SLUG_HELP },
      description: { type: 'textarea' },
      parent: { description: 'Optional: a top-level category to put this one under.' },
      isHidden: { description: 'Hidden categories and their articles are not shown in the portal.' },
      articleCount: { type: 'number', isSortable: false, isVisible: visibleIn('list') },
    },
    actions: guardActions('KbCategory', {
      new: {
        handler: newHandler({
          db,
          fields: CATEGORY_FIELDS,
          fieldMap: CATEGORY_MAP,
          successMessage: 'The category was created.',
          create: (ctx, input) => createKbCategory(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: CATEGORY_FIELDS,
          fieldMap: CATEGORY_MAP,
          successMessage: 'The category was saved.',
          update: (ctx, id, input) => updateKbCategory(ctx, id, input),
        }),
      },
      delete: {
        guard: 'Delete this category? Only an empty category can be deleted.',
        handler: deleteHandler({
          db,
          successMessage: 'The category was deleted.',
          remove: (ctx, id) => deleteKbCategory(ctx, id),
        }),
      },
    }),
  },
})

const ARTICLE_FIELDS: FormFields = {
  categoryId: 'text',
  title: 'text',
  slug: 'text',
  body: 'text',
  isPublished: 'boolean',
  relatedSlugs: 'text',
}
const ARTICLE_MAP = { categoryId: 'category' }

export const kbArticleResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, {
    model: 'KbArticle',
    include: {
      related: { orderBy: { position: 'asc' }, select: { related: { select: { slug: true } } } },
    },
    virtuals: (row) => ({
      relatedSlugs: ((row as { related?: { related: { slug: string } }[] }).related ?? [])
        .map((r) => r.related.slug)
        .join('\n'),
    }),
  }),
  options: {
    navigation: SUPPORT_NAV,
    titleProperty: 'title',
    sort: { sortBy: 'updatedAt', direction: 'desc' },
    listProperties: ['title', 'category', 'isPublished', 'views', 'helpfulYes', 'helpfulNo', 'updatedAt'],
    showProperties: [
      'title',
      'slug',
      'category',
      'isPublished',
      'body',
      'relatedSlugs',
      'views',
      'helpfulYes',
      'helpfulNo',
      'createdAt',
      'updatedAt',
    ],
    editProperties: ['title', 'slug', 'category', 'isPublished', 'body', 'relatedSlugs'],
    filterProperties: ['title', 'slug', 'category', 'isPublished'],
    properties: {
      id: { isVisible: false },
      title: { isTitle: true, isRequired: true },
      slug: { description: SLUG_HELP },
      category: { isRequired: true },
      body: { type: 'textarea', description: 'Markdown. Raw HTML is removed when the portal shows it.' },
      isPublished: { description: 'Drafts are only visible here.' },
      relatedSlugs: {
        type: 'textarea',
        isSortable: false,
        description: 'Related articles shown under this one: their slugs, one per line (at most 10).',
      },
      views: { isVisible: visibleIn('list', 'show') },
      helpfulYes: { isVisible: visibleIn('list', 'show') },
      helpfulNo: { isVisible: visibleIn('list', 'show') },
      createdAt: { isVisible: visibleIn('show') },
      updatedAt: { isVisible: visibleIn('list', 'show') },
    },
    actions: guardActions('KbArticle', {
      new: {
        handler: newHandler({
          db,
          fields: ARTICLE_FIELDS,
          fieldMap: ARTICLE_MAP,
          successMessage: 'The article was created.',
          create: (ctx, input) => createKbArticle(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: ARTICLE_FIELDS,
          fieldMap: ARTICLE_MAP,
          successMessage: 'The article was saved.',
          update: (ctx, id, input) => updateKbArticle(ctx, id, input),
        }),
      },
      delete: {
        guard: 'Delete this article, its votes and its related-article links?',
        handler: deleteHandler({
          db,
          successMessage: 'The article was deleted.',
          remove: (ctx, id) => deleteKbArticle(ctx, id),
        }),
      },
    }),
  },
})

const ANNOUNCEMENT_FIELDS: FormFields = {
  title: 'text',
  slug: 'text',
  body: 'text',
  isPublished: 'boolean',
  publishedAt: 'text',
}

export const announcementResource: ResourceFactory = ({ db }) => ({
  resource: new BerthResource(db, { model: 'Announcement' }),
  options: {
    navigation: SUPPORT_NAV,
    titleProperty: 'title',
    sort: { sortBy: 'publishedAt', direction: 'desc' },
    listProperties: ['title', 'isPublished', 'publishedAt', 'updatedAt'],
    showProperties: ['title', 'slug', 'isPublished', 'publishedAt', 'body', 'createdAt', 'updatedAt'],
    editProperties: ['title', 'slug', 'isPublished', 'publishedAt', 'body'],
    filterProperties: ['title', 'isPublished', 'publishedAt'],
    properties: {
      id: { isVisible: false },
      title: { isTitle: true, isRequired: true },
      slug: { description: SLUG_HELP },
      body: { type: 'textarea', description: 'Markdown. Raw HTML is removed when the portal shows it.' },
      isPublished: { description: 'Drafts are only visible here.' },
      publishedAt: {
        description:
          'Shown as its date; a future date schedules it. Empty: the moment it is first published.',
      },
      createdAt: { isVisible: visibleIn('show') },
      updatedAt: { isVisible: visibleIn('list', 'show') },
    },
    actions: guardActions('Announcement', {
      new: {
        handler: newHandler({
          db,
          fields: ANNOUNCEMENT_FIELDS,
          successMessage: 'The announcement was created.',
          create: (ctx, input) => createAnnouncement(ctx, input),
        }),
      },
      edit: {
        handler: editHandler({
          db,
          fields: ANNOUNCEMENT_FIELDS,
          successMessage: 'The announcement was saved.',
          update: (ctx, id, input) => updateAnnouncement(ctx, id, input),
        }),
      },
      delete: {
        handler: deleteHandler({
          db,
          successMessage: 'The announcement was deleted.',
          remove: (ctx, id) => deleteAnnouncement(ctx, id),
        }),
      },
    }),
  },
})

/** In sidebar order, after the support desk's resources. */
export const KB_RESOURCES: ResourceFactory[] = [kbCategoryResource, kbArticleResource, announcementResource]
