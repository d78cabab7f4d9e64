// The "About mediation" topics, in reading order. Texts live in locales/*/about.json under pages.<id>.
export const ABOUT_PAGES = ["what", "why", "scope", "limits", "session", "mediators", "agreement", "cost", "faq"] as const;
export type AboutPage = (typeof ABOUT_PAGES)[number];
