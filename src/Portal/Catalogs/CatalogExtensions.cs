namespace Portal.Catalogs;

public static class CatalogExtensions
{
    public static IHostApplicationBuilder AddPortalCatalogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogAccess>();
        builder.Services.AddScoped<CatalogBrowser>();
        return builder;
    }
}
