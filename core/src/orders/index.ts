// The orders module's public API: carts, checkout, and the staff order actions.
export * from './schemas'
export { openCart, type OpenedCart } from './open-cart'
export { addCartItem } from './add-cart-item'
export { updateCartItem, removeCartItem } from './update-cart-item'
export { addDomainToCart, updateDomainCartItem, availabilityProblem } from './add-domain-to-cart'
export { applyPromoCode, removePromoCode } from './apply-promo-code'
export { getCartSummary, countCartItems } from './get-cart-summary'
export type { CartSummary, CartItemView, CartDomainView } from './cart-summary'
export { quoteProduct } from './quote-product'
export { checkout, type CheckoutResult } from './checkout'
export { listOrders, getOrder, type OrderView } from './list-orders'
export { acceptOrder } from './accept-order'
export { cancelOrder } from './cancel-order'
export { markOrderFraud } from './mark-order-fraud'
export { deleteOrder } from './delete-order'
export { priceCart, type PricedCart, type PricedCartItem } from './price-cart'
export {
  placeStaffOrder,
  listStaffOrderChoices,
  type StaffOrderChoices,
  staffOrderInput,
  type StaffOrderInput,
  type StaffOrderResult,
  type StaffOrderProvisioning,
} from './place-staff-order'
