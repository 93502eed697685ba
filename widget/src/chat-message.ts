/** The popup's title and body as one chat message; a title without closing punctuation ends its sentence. */
export function chatMessage(copy: { title: string; body?: string }): string {
  if (!copy.body) return copy.title;
  return `${/[.!?…:]$/.test(copy.title) ? copy.title : `${copy.title}.`} ${copy.body}`;
}
