# Every call made from the attacker's address, whoever's credentials it used.
["Event_Time", "Event_Source", "Event_Name", "User_Name", "Source_IP"],
(
  .Records[]
  | select(.sourceIPAddress == "53.94.201.69")
  | [.eventTime, .eventSource, .eventName, .userIdentity.userName // "N/A",
     .sourceIPAddress // "N/A"]
)
| @tsv
