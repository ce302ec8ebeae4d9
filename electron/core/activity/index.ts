// Public surface of the Activity page's API: the traffic inspector over the request log.
export { createActivityApi } from './activity-api'
