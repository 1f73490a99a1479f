-- AlterTable
-- Hand-edited: "search" is a stored generated column (Prisma sees a nullable tsvector), so it can
-- never drift from title and body. Weights: title A, body B (docs/decisions/0030).
ALTER TABLE "KbArticle" ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce("body", '')), 'B')
) STORED;

-- CreateTable
CREATE TABLE "KbArticleRelation" (
    "articleId" UUID NOT NULL,
    "relatedId" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "KbArticleRelation_pkey" PRIMARY KEY ("articleId","relatedId"),
    -- Hand-added: an article is not related to itself.
    CONSTRAINT "KbArticleRelation_not_self" CHECK ("articleId" <> "relatedId")
);

-- CreateTable
CREATE TABLE "KbVote" (
    "articleId" UUID NOT NULL,
    "voterKey" VARCHAR(80) NOT NULL,
    "isHelpful" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbVote_pkey" PRIMARY KEY ("articleId","voterKey")
);

-- CreateIndex
CREATE INDEX "KbArticleRelation_relatedId_idx" ON "KbArticleRelation"("relatedId");

-- CreateIndex
CREATE INDEX "KbArticle_search_idx" ON "KbArticle" USING GIN ("search");

-- AddForeignKey
ALTER TABLE "KbArticleRelation" ADD CONSTRAINT "KbArticleRelation_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbArticleRelation" ADD CONSTRAINT "KbArticleRelation_relatedId_fkey" FOREIGN KEY ("relatedId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbVote" ADD CONSTRAINT "KbVote_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;
