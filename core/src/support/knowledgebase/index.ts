// The knowledgebase (issue 11): staff CRUD of categories and articles, what visitors see,
// full-text search with highlighted snippets, suggestions for the new-ticket page, helpful votes.
export { kbCategoryInput, kbArticleInput, kbSearchInput, kbVoteInput } from './schemas'
export type { KbCategoryInput, KbArticleInput } from './schemas'
export { createKbCategory, updateKbCategory, deleteKbCategory } from './manage-kb-categories'
export { createKbArticle, updateKbArticle, deleteKbArticle } from './manage-kb-articles'
export {
  listKbCategories,
  getKbCategory,
  getKbArticle,
  listPopularKbArticles,
  recordKbArticleView,
  type KbCategorySummary,
  type KbArticleLink,
} from './read-kb'
export { searchKb, suggestKbArticles, markMatches, type KbSearchHit } from './search-kb'
export { voteKbArticle, kbVoterKey, type KbVoteResult } from './vote-kb-article'
export { seedDemoSupport, seedKbCorpus } from './demo/seed-demo-support'
export { KB_ARTICLES, KB_CATEGORIES } from './demo/kb-corpus'
