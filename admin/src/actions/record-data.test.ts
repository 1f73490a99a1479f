import { describe, expect, it } from 'vitest'
import type { RecordJSON } from 'adminjs'
import { ACTION_DATA, jsonValue, readData, withData, withParams } from './record-data'

const record = (params: Record<string, unknown> = {}) =>
  ({
    id: 'r1',
    params,
    populated: {},
    errors: {},
    recordActions: [],
    bulkActions: [],
    title: 'R',
  }) as unknown as RecordJSON

describe('record data', () => {
  it('keeps a component’s data whole under one param, bigints and dates as JSON carries them', () => {
    const value = { total: 1234n, at: new Date('2026-01-02T03:04:05.000Z'), lines: [{ id: 'a' }], none: [] }
    const json = withData(record({ status: 'ACTIVE' }), ACTION_DATA, value)
    expect(json.params).toEqual({
      status: 'ACTIVE',
      actionData: { total: '1234', at: '2026-01-02T03:04:05.000Z', lines: [{ id: 'a' }], none: [] },
    })
    // it survives the trip to the browser as it is: no string to parse back
    const sent = JSON.parse(JSON.stringify(json)) as RecordJSON
    expect(readData<typeof value>(sent, ACTION_DATA)?.lines[0]?.id).toBe('a')
    expect(readData<typeof value>(sent, ACTION_DATA)?.total).toBe('1234')
  })

  it('answers nothing for a missing or non-object param (an old JSON string, a plain value)', () => {
    expect(readData(record(), ACTION_DATA)).toBeUndefined()
    expect(readData(record({ actionData: '{"a":1}' }), ACTION_DATA)).toBeUndefined()
    expect(readData(null, ACTION_DATA)).toBeUndefined()
  })

  it('flattens form values the way AdminJS keeps the params its fields read', () => {
    expect(withParams(record(), { moduleSettings: { host: 'h', port: 1 } }).params).toEqual({
      'moduleSettings.host': 'h',
      'moduleSettings.port': 1,
    })
    expect(jsonValue(undefined)).toBeNull()
  })
})
