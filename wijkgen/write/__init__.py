"""The write stage: output goes to a staging folder, is swapped in whole, one build at a time.
The only stage that writes output."""
