"""What every part of the site shares: security headers, rate limits, compression, de-framing of
bodies, error pages, health probes and the interface's words."""
