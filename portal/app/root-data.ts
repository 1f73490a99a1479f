/** The root loader's data, as the layout, the header and the CSRF input read it. */
export interface RootData {
  csrfToken: string
  user: { firstName: string; lastName: string; email: string; emailVerified: boolean } | null
  flash: { kind: 'success' | 'info' | 'warning'; message: string } | null
  /** items in the shopper's cart (the header's Cart link) */
  cartCount: number
}
