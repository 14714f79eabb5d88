export { rateLimiters, tooManyRequests, type Limiter, type Limiters, type LimitName } from './rateLimiters';
export { addressOf, clientKeyOf, guardAuthentication, limitByAddress, limitByClient, limitSubjectLookups } from './limitRequests';
