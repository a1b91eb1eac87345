import { defineMessages } from '../define-messages.js';

export const messages = defineMessages({
  en: {},
  pt: {},
  ru: {},
});
