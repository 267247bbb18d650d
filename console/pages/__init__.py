"""The console's routes, one module per page. Every router but `login` requires a session."""
