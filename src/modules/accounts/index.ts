/**
 * Forces, user accounts, roles, sign-in and sign-out, and API tokens for other systems.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export { AccountsService, type NewUserInput, type SignInResult } from './accounts.service.ts'
export { AccountsRepository } from './accounts.repository.ts'
export { accountsPages } from './accounts.pages.ts'
export { accountsApi } from './accounts.api.ts'
export { SignInProviders } from './sign-in-providers.ts'
/** The roles an API token may carry (the Force Crime Registrar's decisions are never made by another system). */
export { TOKEN_ROLES } from './accounts.rules.ts'

export const navigation: NavigationItem[] = [
  { text: 'Accounts', href: '/admin/users', permission: 'users.manage', order: 95 },
]
