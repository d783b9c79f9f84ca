// Placeholder until the CLI lands (see pipeline/cli).
console.error('tributary: CLI not built yet');
process.exit(2);
