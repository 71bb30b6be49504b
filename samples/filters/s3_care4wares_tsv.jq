# Who touched the Care4Wares bucket? One TSV row per S3 call, with a header row.
["Event_Time", "Event_Name", "User_Name", "Bucket_Name", "Key", "Source_IP"],
(
  .Records[]
  | select(.eventSource == "s3.amazonaws.com"
           and .requestParameters.bucketName == "wareville-care4wares")
  | [.eventTime, .eventName, .userIdentity.userName // "N/A",
     .requestParameters.bucketName // "N/A", .requestParameters.key // "N/A",
     .sourceIPAddress // "N/A"]
)
| @tsv
