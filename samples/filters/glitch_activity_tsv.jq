# Everything the user glitch did, with the user agent that did it.
["Event_Time", "Event_type", "Event_Name", "User_Name", "Source_IP", "User_Agent"],
(
  .Records[]
  | select(.userIdentity.userName == "glitch")
  | [.eventTime, .eventType, .eventName, .userIdentity.userName // "N/A",
     .sourceIPAddress // "N/A", .userAgent // "N/A"]
)
| @tsv
