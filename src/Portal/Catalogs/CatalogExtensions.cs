namespace Portal.Catalogs;

public static class CatalogExtensions
{
    public static IHostApplicationBuilder AddPortalCatalogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogAccess>();
        builder.Services.AddScoped<CatalogBrowser>();
        builder.Services.AddSingleton<CatalogCache>();
        // Every PortalDbContext gets it (DataExtensions adds the registered interceptors).
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, CatalogChangeInterceptor>();
        return builder;
    }
}
