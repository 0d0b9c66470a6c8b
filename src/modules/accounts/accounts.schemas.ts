import { Type, type Static } from 'typebox'
import { ROLES } from '../../platform/auth/roles.ts'

export const SignInForm = Type.Object({
  username: Type.String({ default: '' }),
  password: Type.String({ default: '' }),
  force: Type.Optional(Type.String()),
  returnTo: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})
export type SignInForm = Static<typeof SignInForm>

export const SignInQuery = Type.Object({
  returnTo: Type.Optional(Type.String({ maxLength: 2000 })),
  force: Type.Optional(Type.String({ maxLength: 20 })),
  chooseForce: Type.Optional(Type.String({ maxLength: 10 })),
  answered: Type.Optional(Type.String({ maxLength: 10 })),
})

export const NewUserForm = Type.Object({
  username: Type.String({ default: '' }),
  displayName: Type.String({ default: '' }),
  email: Type.Optional(Type.String()),
  password: Type.String({ default: '' }),
  roles: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  _csrf: Type.Optional(Type.String()),
})
export type NewUserForm = Static<typeof NewUserForm>

export const ChangePasswordForm = Type.Object({
  currentPassword: Type.String({ default: '' }),
  newPassword: Type.String({ default: '' }),
  confirmPassword: Type.String({ default: '' }),
  _csrf: Type.Optional(Type.String()),
})

export const NewTokenForm = Type.Object({
  name: Type.String({ default: '' }),
  role: Type.String({ default: '' }),
  _csrf: Type.Optional(Type.String()),
})

export const TokenParams = Type.Object({ tokenId: Type.String({ format: 'uuid' }) })

export const Me = Type.Object({
  forceId: Type.Integer(),
  type: Type.Union([Type.Literal('user'), Type.Literal('token')]),
  id: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
})
