import type { ClerkContact, Directory, ParishRef } from "#core/ports/directory.js";

/**
 * A directory answering from a function: a contact, `undefined` for "no contact" (recorded as a
 * "no-email" problem, as the real look-up would), or a thrown error.
 */
export function directoryOf(
  answer: (parish: ParishRef) => ClerkContact | undefined | Promise<ClerkContact | undefined>,
): Directory {
  return {
    lookUp: async (parish) => {
      const contact = await answer(parish);
      if (contact) return { contact, problems: [] };
      return { problems: [{ code: "no-email", message: `no email address for ${parish.name}` }] };
    },
  };
}
