// Role names and the role hierarchy, as Mesos validates and relates them
// (`src/common/roles.cpp`). Roles are `/`-separated paths: `eng/backend` is a strict
// sub-role of `eng`. `*` is the default role: frameworks may subscribe to it, but
// nothing can be reserved for it.

export const DEFAULT_ROLE = "*";

/** Why `role` is not a valid role name, or undefined if it is valid. */
export function roleError(role: string): string | undefined {
  if (role === DEFAULT_ROLE) return undefined;
  if (role === "") return "role names cannot be the empty string";
  if (role.startsWith("/")) return `role '${role}' cannot start with a slash`;
  if (role.endsWith("/")) return `role '${role}' cannot end with a slash`;
  if (role.includes("//")) return `role '${role}' cannot contain two adjacent slashes`;
  for (const component of role.split("/")) {
    if (component === ".") return `role '${role}' cannot include '.' as a component`;
    if (component === "..") return `role '${role}' cannot include '..' as a component`;
    if (component === "*") return `role '${role}' cannot include '*' as a component`;
    if (component.startsWith("-")) return `role component '${component}' is invalid because it starts with a dash`;
    // Mesos's INVALID_CHARACTERS, exactly: \t \n \v \f \r, space and DEL (\x7f, which
    // its message calls "backspace"). Other characters (\b, NUL, Unicode spaces) are allowed.
    if (/[\t\n\v\f\r \x7f]/.test(component)) {
      return `role component '${component}' is invalid because it contains backspace or whitespace`;
    }
  }
  return undefined;
}

export function isValidRole(role: string): boolean {
  return roleError(role) === undefined;
}

/** `role` lies strictly below `ancestor` (`a/b/c` is a strict sub-role of `a` and `a/b`). */
export function isStrictSubroleOf(role: string, ancestor: string): boolean {
  return role.length > ancestor.length + 1 && role.charCodeAt(ancestor.length) === 47 /* "/" */ && role.startsWith(ancestor);
}

/** `role` is `ancestor` or lies below it. */
export function isInSubtree(role: string, ancestor: string): boolean {
  return role === ancestor || isStrictSubroleOf(role, ancestor);
}

/** The strict ancestors of `role`, nearest first: `a/b/c` → `["a/b", "a"]`. */
export function ancestors(role: string): string[] {
  const out: string[] = [];
  for (let i = role.lastIndexOf("/"); i > 0; i = role.lastIndexOf("/", i - 1)) out.push(role.slice(0, i));
  return out;
}

/** The top-level role of `role` (`a/b/c` → `a`). */
export function topLevelRole(role: string): string {
  const i = role.indexOf("/");
  return i < 0 ? role : role.slice(0, i);
}
