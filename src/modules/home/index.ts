/** The start page each role lands on. */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export { homePages } from './home.pages.ts'

export const navigation: NavigationItem[] = [{ text: 'Home', href: '/', permission: 'home.view', order: 0 }]
