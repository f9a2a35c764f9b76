// The house rules, checked by `npm test` (npm run deps): imports only go down the floors.
//   bot/ (doors, composition root, CLI, admin HTTP)  →  handlers/ (features)  →  domains  →  core/
// Domains: knowledge/, language/, tickets/, reminders/, insights/, conversation/ (and whatever joins
// them). core/ is the kernel.
const DOMAINS = "^(knowledge|language|tickets|reminders|insights|conversation)/";

module.exports = {
  forbidden: [
    {
      name: "kernel-imports-nothing",
      comment: "core/ is the ground floor: it imports nothing of the project but itself.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(bot|handlers|knowledge|language|tickets|reminders|insights|conversation|config|bench|tests)/" },
    },
    {
      name: "domains-never-import-bot",
      comment: "Domains stand on the kernel and each other, never on the top floor.",
      severity: "error",
      from: { path: DOMAINS },
      to: { path: "^bot/" },
    },
    {
      name: "domains-never-import-features",
      comment: "Features (handlers/) use the domains, not the other way round.",
      severity: "error",
      from: { path: DOMAINS },
      to: { path: "^handlers/" },
    },
    {
      name: "features-never-import-bot",
      comment: "A feature knows no door, no wiring and no CLI.",
      severity: "error",
      from: { path: "^handlers/" },
      to: { path: "^bot/" },
    },
    {
      name: "doors-never-import-features",
      comment: "A door turns vendor events into IncomingMessage and sends replies; what happens between is not its business.",
      severity: "error",
      from: { path: "^bot/channels/" },
      to: { path: "^(handlers|knowledge|language|tickets|reminders|insights|conversation)/" },
    },
    {
      name: "channel-never-imports-another-channel",
      comment: "A door that fails never takes another down, and never shares its code paths.",
      severity: "error",
      from: { path: "^bot/channels/([^/]+)/" },
      to: { path: "^bot/channels/", pathNot: "^bot/channels/$1/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one; split the shared part out.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".json"] },
  },
};
