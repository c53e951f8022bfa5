// The appliance runs on Linux only (systemd, /sys, GPIO character devices).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
