/** Reads what the SES emulator has "sent", via its JSON store (the same data its web page shows). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export async function sentEmails(sesUrl: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`SES emulator store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

export async function emailsAbout(sesUrl: string, reference: string): Promise<StoredEmail[]> {
  return (await sentEmails(sesUrl)).filter((e) => e.subject.includes(reference));
}
