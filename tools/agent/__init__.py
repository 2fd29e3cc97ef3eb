"""The agent: registry tools for LangChain, the offline interpreter, thread memory. langchain is imported lazily."""
