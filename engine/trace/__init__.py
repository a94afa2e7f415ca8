"""Step-by-step traces of the operations, immutable, for figures to animate."""
