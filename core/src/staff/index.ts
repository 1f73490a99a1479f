export * from './schemas'
export { loadStaffPrincipal, staffActor, type StaffPrincipal } from './principal'
export { logInStaff } from './log-in-staff'
export {
  createStaff,
  updateStaff,
  deleteStaff,
  updateOwnStaffProfile,
  changeOwnStaffPassword,
} from './manage-staff'
export { createRole, updateRole, deleteRole, BUILT_IN_ROLE_NAMES } from './manage-roles'
export { isSuperAdminActor } from './privilege-limits'
