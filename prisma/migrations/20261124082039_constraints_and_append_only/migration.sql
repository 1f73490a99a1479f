-- Hand-written: constraints Prisma's schema language cannot express (docs/decisions/0003-data-model.md).
-- `prisma-migration --check` confirms Prisma's diff leaves these alone.

-- Reference data must look like what it claims to be.
ALTER TABLE "Currency" ADD CONSTRAINT "Currency_code_iso" CHECK ("code" ~ '^[A-Z]{3}$');
ALTER TABLE "Currency" ADD CONSTRAINT "Currency_exponent_range" CHECK ("exponent" BETWEEN 0 AND 4);
ALTER TABLE "Client" ADD CONSTRAINT "Client_country_iso" CHECK ("country" ~ '^[A-Z]{2}$');

-- Prices belong to exactly one priced thing and are never negative.
ALTER TABLE "Price" ADD CONSTRAINT "Price_exactly_one_owner"
  CHECK (num_nonnulls("productId", "addonId", "configOptionChoiceId") = 1);
ALTER TABLE "Price" ADD CONSTRAINT "Price_amounts_non_negative" CHECK ("amount" >= 0 AND "setupFee" >= 0);
ALTER TABLE "TldPrice" ADD CONSTRAINT "TldPrice_amount_non_negative" CHECK ("amount" >= 0 AND "years" BETWEEN 1 AND 10);
ALTER TABLE "PromotionAmount" ADD CONSTRAINT "PromotionAmount_positive" CHECK ("amount" > 0);
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_percent_range" CHECK ("percent" IS NULL OR "percent" BETWEEN 0 AND 1000000);
ALTER TABLE "Promotion" ADD CONSTRAINT "Promotion_uses_within_limit" CHECK ("maxUses" IS NULL OR "usesCount" <= "maxUses");
ALTER TABLE "TaxRule" ADD CONSTRAINT "TaxRule_rate_range" CHECK ("rate" BETWEEN 0 AND 1000000);
ALTER TABLE "Product" ADD CONSTRAINT "Product_stock_non_negative" CHECK ("stockQuantity" >= 0);

-- Invoices: totals never negative, the balance never below zero (overpayment becomes credit).
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_amounts_valid"
  CHECK ("subtotal" >= 0 AND "taxTotal" >= 0 AND "total" >= 0 AND "amountPaid" >= 0
         AND "creditApplied" >= 0 AND "balance" >= 0);
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_number_when_published"
  CHECK (("status" = 'DRAFT') = ("number" IS NULL));
ALTER TABLE "InvoiceItem" ADD CONSTRAINT "InvoiceItem_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "InvoiceItem" ADD CONSTRAINT "InvoiceItem_amount_is_product" CHECK ("amount" = "quantity" * "unitAmount");

-- Money movements.
ALTER TABLE "Transaction" ADD CONSTRAINT "Transaction_amounts_valid" CHECK ("amount" > 0 AND "fee" >= 0);
ALTER TABLE "PaymentSession" ADD CONSTRAINT "PaymentSession_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "CreditBalance" ADD CONSTRAINT "CreditBalance_non_negative" CHECK ("balance" >= 0);
ALTER TABLE "CreditEntry" ADD CONSTRAINT "CreditEntry_valid" CHECK ("amount" <> 0 AND "balanceAfter" >= 0);
ALTER TABLE "Service" ADD CONSTRAINT "Service_amounts_non_negative" CHECK ("recurringAmount" >= 0 AND "firstPaymentAmount" >= 0);
ALTER TABLE "ServiceAddon" ADD CONSTRAINT "ServiceAddon_amounts_non_negative" CHECK ("recurringAmount" >= 0 AND "setupFee" >= 0);
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_amounts_non_negative" CHECK ("recurringAmount" >= 0 AND "firstPaymentAmount" >= 0);

-- Session rows belong to exactly the door they say.
ALTER TABLE "Session" ADD CONSTRAINT "Session_owner_matches_door"
  CHECK (("door" = 'PORTAL' AND "staffId" IS NULL) OR ("door" = 'ADMIN' AND "userId" IS NULL));

-- Append-only ledgers: the audit trail and the credit ledger are never rewritten.
CREATE FUNCTION berth_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION berth_refuse_change();
CREATE TRIGGER "CreditEntry_append_only" BEFORE UPDATE OR DELETE ON "CreditEntry"
  FOR EACH ROW EXECUTE FUNCTION berth_refuse_change();
