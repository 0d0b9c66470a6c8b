import type { Permission, Permissions } from '../auth/permissions.ts'

/** One entry in the service navigation, shown to those whose roles grant `permission`. */
export interface NavigationItem {
  text: string
  href: string
  permission: Permission
  /** Lower comes first. */
  order: number
}

/** The service navigation. Each module contributes its entries (module index.ts `navigation`); roles filter them. */
export class Navigation {
  private readonly items: NavigationItem[] = []

  add(...items: NavigationItem[]): this {
    this.items.push(...items)
    this.items.sort((a, b) => a.order - b.order)
    return this
  }

  itemsFor(permissions: Permissions, currentPath: string): Array<{ text: string; href: string; active: boolean }> {
    const path = currentPath.split('?')[0] ?? currentPath
    return this.items
      .filter((item) => permissions.can(item.permission))
      .map((item) => ({
        text: item.text,
        href: item.href,
        active: item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
      }))
  }
}
