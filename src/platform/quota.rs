//! Storage quota and persistence (filled in next).
