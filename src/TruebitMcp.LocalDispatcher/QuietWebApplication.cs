using Microsoft.AspNetCore.Builder;

namespace TruebitMcp.LocalDispatcher;

/// <summary>The web application builder every embedded server here uses.</summary>
public static class QuietWebApplication
{
    /// <summary>
    /// A slim builder rooted at the application folder, not the working directory: a host may start us from $HOME,
    /// and watching that for appsettings changes costs thousands of inotify watches. No appsettings files are read.
    /// </summary>
    public static WebApplicationBuilder CreateSlimBuilder() => WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
    });
}
