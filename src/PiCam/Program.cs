using PiCam;
using PiCam.Cli;
using PiCam.Config;
using PiCam.Http.Auth;
using PiCam.Platform.Hdr;

if (args is ["hash-password"])
{
    return await HashPasswordCommand.RunAsync(Console.In, Console.Out, interactive: !Console.IsInputRedirected);
}

// `picam hdr apply|status [options]`: the words before the first option are the subcommand.
string[]? hdr = args is ["hdr", ..] ? [.. args[1..].TakeWhile(a => !a.StartsWith('-'))] : null;
var options = CommandLineParser.Parse(hdr is null ? args : args[(1 + hdr.Length)..]);
var usage = hdr is null ? CommandLineParser.Usage : HdrCommand.Usage;
if (options.Error is not null)
{
    Console.Error.WriteLine($"picam: {options.Error}\n\n{usage}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(usage);
    return 0;
}

if (options.ShowVersion)
{
    Console.WriteLine($"picam {AppInfo.Version}");
    return 0;
}

var (settings, problems) = ConfigLoader.Load(options, Environment.GetEnvironmentVariable);
if (hdr is not null)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"picam: configuration problem: {problem}");
    }

    return await HdrCommand.RunAsync(hdr, settings, Console.Out);
}

return await Server.RunAsync(settings, problems);
