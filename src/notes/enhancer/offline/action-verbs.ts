/**
 * Verbs that start an instruction or a commitment ("Email Jonas the NDA", "Lena to share the sheet",
 * "I'll call the bank"). Verbs that are just as often nouns at the start of a line ("Book notes:", "Call
 * with Jonas", "Check-in", "Review of the quarter") are kept, and guarded where they are read.
 */
export const ACTION_VERBS = new Set([
  'add', 'apologise', 'apologize', 'arrange', 'ask', 'book', 'bring', 'build', 'buy', 'call', 'cancel', 'chase',
  'check', 'clean', 'clear', 'collect', 'compare', 'confirm', 'contact', 'create', 'decide', 'defrost', 'deploy', 'do',
  'download', 'draft', 'evaluate', 'drop', 'email', 'export', 'file', 'fill', 'finalise', 'finalize', 'find', 'finish',
  'fix', 'follow', 'get', 'hand', 'hire', 'install', 'interview', 'invite', 'label', 'investigate', 'learn', 'look', 'mail', 'make', 'memorise',
  'memorize', 'merge', 'message', 'migrate', 'move', 'order', 'organise', 'organize', 'pack', 'pair', 'pay',
  'phone', 'pick', 'ping', 'plan', 'post', 'practice', 'practise', 'prepare', 'present', 'print', 'publish',
  'put', 'read', 'record', 'redo', 'register', 'remind', 'renew', 'repair', 'reply', 'reschedule', 'reserve',
  'return', 'review', 'rerun', 'rsvp', 'revise', 'run', 'schedule', 'send', 'set', 'share', 'ship', 'sign', 'sketch',
  'sort', 'start', 'submit', 'switch', 'take', 'talk', 'tell', 'test', 'text', 'try', 'update', 'upload',
  'visit', 'water', 'write',
]);

/** Words that, right after a leading verb, show it is a noun: "Call with Jonas", "Review of Q3", "Plan looks good". */
export const NOUN_FOLLOWERS = new Set([
  'with', 'of', 'from', 'went', 'was', 'is', 'are', 'were', 'looks', 'look', 'notes', 'note', 'list', 'club',
  'came', 'got', 'has', 'had', 'ran', 'took', 'seems', 'needs', 'for',
]);
