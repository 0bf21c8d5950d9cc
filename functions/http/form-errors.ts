/** GOV.UK error summary entries and the per-field messages, built from one list of issues. */
export interface FieldError {
  /** The id of the input the summary links to. */
  field: string;
  message: string;
}

export function errorView(errors: FieldError[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
    errors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}
