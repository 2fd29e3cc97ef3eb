"""The MCP surface: every registry tool over the Model Context Protocol (stdio, or streamable HTTP at /mcp),
called through `dispatch` as a configured identity, so an MCP client has exactly that person's rights."""
