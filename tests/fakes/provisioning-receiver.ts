// The provisioning receiver the tests use is the one `npm start` runs in demo mode: it lives in
// scripts/lib so the launcher does not depend on tests/. Same exports as before.
export {
  startProvisioningReceiver,
  verifySignature,
  type ProvisioningReceiver,
  type ReceivedCall,
  type ReceiverMode,
  type ReceiverOptions,
} from '../../scripts/lib/provisioning-receiver'
