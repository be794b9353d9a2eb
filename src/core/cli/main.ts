// Headless CLI entry (replaced by the CLI helper).
process.stdout.write('loki-dashboard: not yet implemented\n');
