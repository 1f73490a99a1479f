// The services module's public API: the lifecycle (transition table, staff actions, the paid hook),
// client views and requests (cancellation, package changes).
export {
  SERVICE_TRANSITIONS,
  SERVICE_TRANSITION_NAMES,
  allowedTransitions as allowedServiceTransitions,
  canTransition as canServiceTransition,
  assertTransition as assertServiceTransition,
  type ServiceTransition,
  type TransitionRule,
} from './transitions'
export * from './schemas'
export { activateService } from './activate-service'
export { suspendService } from './suspend-service'
export { unsuspendService } from './unsuspend-service'
export { terminateService } from './terminate-service'
export { cancelService } from './cancel-service'
export { requestCancellation } from './request-cancellation'
export { processDueCancellations } from './process-due-cancellations'
export {
  previewPackageChange,
  changePackage,
  confirmPackageChangeInput,
  listPackageChoices,
  type PackageChangePreview,
  type PackageChangeResult,
  type PackageChoices,
} from './change-package'
export {
  cancelPackageChange,
  expirePackageChanges,
  getPendingPackageChange,
  findPendingPackageChange,
  supersedePendingChangesForRenewal,
  type PendingPackageChangeView,
} from './package-changes'
export { changeBillingCycle } from './change-billing-cycle'
export { changeNextDueDate } from './change-next-due-date'
export { listServices, getService, type ServiceSummary, type ServiceDetail } from './list-services'
export { handleInvoicePaid, invoicePaidJobSchema, type InvoicePaidResult } from './handle-invoice-paid'
// The lifecycle's own steps, for core's other modules (orders, automation); staff and clients go
// through the actions above, which check permissions first.
export { requestTransition, type TransitionRequested } from './request-transition'
export {
  completeTransition,
  lockService,
  type TransitionOutcome,
  type TransitionParams,
} from './complete-transition'
export { serviceRecipients, type ServiceRecipient } from './notify'
export {
  approveCancellation,
  rejectCancellation,
  approveCancellationInput,
  rejectCancellationInput,
} from './decide-cancellation'
// Running a transition's module call (the provisioning.call job), staff retries and staff tasks:
// the lifecycle's side of provisioning, which only offers the module port, servers and the queue.
export { runModuleCall, type ModuleCallResult } from './run-module-call'
export { retryModuleCall } from './retry-module-call'
export { completeStaffTask, listStaffTasks, completeStaffTaskInput } from './complete-staff-task'
