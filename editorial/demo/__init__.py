"""The demo newsroom `flask demo` loads (`load`), as data (`newsroom.json`, read by `content`),
with its history played through the real transition service (`history`), its pictures drawn
(`pictures`) and its ticker and coverage hubs (`breaking`)."""
