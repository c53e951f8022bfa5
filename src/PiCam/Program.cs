using PiCam;
using PiCam.Cli;
using PiCam.Config;

var options = CommandLineParser.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine($"picam: {options.Error}\n\n{CommandLineParser.Usage}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(CommandLineParser.Usage);
    return 0;
}

if (options.ShowVersion)
{
    Console.WriteLine($"picam {AppInfo.Version}");
    return 0;
}

var (settings, problems) = ConfigLoader.Load(options, Environment.GetEnvironmentVariable);
return await Server.RunAsync(settings, problems);
