/** What a resident has told us so far in one service's journey; held server-side. */
export interface JourneyState {
  answers: Record<string, string>;
  location?: { lat: number; lng: number; postcode?: string };
  /** The id of the council whose area the location is in (set with the location). */
  council?: string;
  details?: { description: string; when?: string; roadName?: string };
  contact?: {
    name?: string;
    email?: string;
    phone?: string;
    shareWithParish: boolean;
    /** Email me when there is progress (only ever true with an email address). */
    wantsUpdates?: boolean;
  };
  /** Idempotency token for the final submission: a double click makes one case. */
  submissionToken: string;
  /** Set once submitted; the confirmation page shows it and the journey is closed. */
  reference?: string;
}

export interface FormSession {
  csrfToken: string;
  journeys: Record<string, JourneyState>;
  /**
   * Set when a site page with a form of its own ("Check your report") is opened: a session is
   * stored only once changed, and that form's POST needs the stored session's CSRF token.
   */
  formOpened?: true;
}
