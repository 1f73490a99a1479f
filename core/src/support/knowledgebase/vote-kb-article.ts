import { createHash } from 'node:crypto'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Actor, type Ctx, type RequestInfo } from '../../shared'
import { kbVoteInput } from './schemas'
import { VISIBLE_ARTICLE } from './visibility'

/**
 * Who is voting: a logged-in client's user id, else a hash of the visitor's IP address and user
 * agent (the address itself is not stored in the vote).
 */
export function kbVoterKey(actor: Actor, request: RequestInfo): string {
  if (actor.type === 'client') return `user:${actor.userId}`
  const hash = createHash('sha256')
    .update(`${request.ip ?? ''}\n${request.userAgent ?? ''}`)
    .digest('hex')
  return `anon:${hash}`
}

export interface KbVoteResult {
  /** false when this voter had voted on the article already: nothing changed */
  isCounted: boolean
  helpfulYes: number
  helpfulNo: number
}

/**
 * "Was this helpful?": one vote per article and voter, enforced by KbVote's primary key. The
 * counter on the article moves in the same transaction, only when the vote row was inserted.
 */
export async function voteKbArticle(ctx: Ctx, raw: unknown): Promise<KbVoteResult> {
  const { slug, isHelpful } = parseInput(kbVoteInput, raw)
  const voterKey = kbVoterKey(ctx.actor, ctx.request)
  return inTransaction(ctx, async (tx) => {
    const article = await tx.db.kbArticle.findFirst({
      where: { slug, ...VISIBLE_ARTICLE },
      select: { id: true },
    })
    if (!article) throw new DomainError('NOT_FOUND', 'This knowledgebase article does not exist.')
    const inserted = await tx.db.$executeRaw`
      INSERT INTO "KbVote" ("articleId", "voterKey", "isHelpful")
      VALUES (${article.id}::uuid, ${voterKey}, ${isHelpful})
      ON CONFLICT ("articleId", "voterKey") DO NOTHING`
    if (inserted === 1) {
      await tx.db.$executeRaw`
        UPDATE "KbArticle"
           SET "helpfulYes" = "helpfulYes" + ${isHelpful ? 1 : 0},
               "helpfulNo" = "helpfulNo" + ${isHelpful ? 0 : 1}
         WHERE id = ${article.id}::uuid`
      await recordAuditEvent(tx, {
        action: 'kb.article.vote',
        targetType: 'KbArticle',
        targetId: article.id,
        clientId: ctx.actor.type === 'client' ? ctx.actor.clientId : null,
        after: { isHelpful },
      })
    }
    const counts = await tx.db.kbArticle.findUniqueOrThrow({
      where: { id: article.id },
      select: { helpfulYes: true, helpfulNo: true },
    })
    return { isCounted: inserted === 1, ...counts }
  })
}
