//! Danish geography for clients: the offline place search and the municipalities.

pub(crate) mod api;
