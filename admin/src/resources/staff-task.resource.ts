import { completeStaffTask } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { recordAction } from '../actions/core-actions'
import { filteredHref, guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * Staff to-dos the manual provisioning module opens ("Set up Cloud VPS for Dana"). Marking one done
 * completes the action it stands for: a set-up task activates the service with the login details
 * typed in, a suspension task suspends it, and so on.
 */
export const staffTaskResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'StaffTask', plainRelations: ['domain'] }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'title',
    href: filteredHref('StaffTask', '?filters.status=OPEN&sortBy=createdAt&direction=asc'),
    sort: { sortBy: 'createdAt', direction: 'asc' },
    listProperties: ['createdAt', 'title', 'kind', 'service', 'status', 'assignee'],
    showProperties: [
      'status',
      'title',
      'description',
      'kind',
      'service',
      'assignee',
      'createdAt',
      'completedAt',
      'completedById',
      'dueAt',
    ],
    filterProperties: ['status', 'kind', 'title', 'service', 'assignee', 'createdAt'],
    properties: {
      id: { isVisible: false },
      title: { isTitle: true },
      description: { components: { show: components.TextBlock }, isVisible: visibleIn('show') },
      data: { isVisible: false },
      status: { components: { list: components.StatusBadge, show: components.StatusBadge } },
      completedById: { isVisible: visibleIn('show') },
      domainId: { isVisible: false },
    },
    actions: guardActions('StaffTask', {
      complete: {
        actionType: 'record',
        icon: 'CheckSquare',
        component: components.RecordForm,
        isVisible: ({ record }) => record?.param('status') === 'OPEN',
        custom: {
          question: 'Mark this task done?',
          explanation:
            'Do the work first. Completing the task completes what it stands for: a set-up activates the service and emails the client its login details, a suspension suspends it, and so on.',
          confirmLabel: 'Mark done',
          showDescription: true,
          fields: [
            {
              name: 'username',
              label: 'Username',
              hint: 'The login you created (set-up tasks).',
              when: { param: 'kind', equals: 'service.create' },
            },
            {
              name: 'password',
              label: 'Password',
              type: 'password',
              hint: 'Sent to the client in the welcome email, stored encrypted.',
              when: { param: 'kind', equals: 'service.create' },
            },
            {
              name: 'dedicatedIp',
              label: 'Dedicated IP',
              hint: 'Optional.',
              when: { param: 'kind', equals: 'service.create' },
            },
            { name: 'note', label: 'Note', type: 'textarea', hint: 'Optional; kept in the module log.' },
          ],
        },
        handler: recordAction({
          db,
          fields: { username: 'text', password: 'text', dedicatedIp: 'text', note: 'text' },
          run: async (ctx, id, input) => void (await completeStaffTask(ctx, { taskId: id, ...input })),
          successMessage: 'The task is done.',
        }),
      },
    }),
  },
})
