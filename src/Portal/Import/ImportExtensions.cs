namespace Portal.Import;

public static class ImportExtensions
{
    public static IHostApplicationBuilder AddPortalImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ImportRunner>();
        return builder;
    }
}
