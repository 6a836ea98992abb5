namespace Portal.ProductManagement;

public static class ProductManagementExtensions
{
    public static IHostApplicationBuilder AddPortalProductManagement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<ProductImages>();
        builder.Services.AddScoped<PriceEditor>();
        builder.Services.AddScoped<ProductEditor>();
        builder.Services.AddScoped<PriceListEditor>();
        builder.Services.AddScoped<CatalogEditor>();
        builder.Services.AddScoped<ModuleEditor>();
        builder.Services.AddScoped<PartnerEditor>();
        builder.Services.AddScoped<OrderRuleEditor>();
        builder.Services.AddScoped<OfferCsv>();
        builder.Services.AddScoped<PurchaseAnalysis>();
        return builder;
    }

    /// GET /media/products/{file}: product pictures for any signed-in user (buyers see them in the shop).
    public static IEndpointRouteBuilder MapProductImages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/media/products/{file}", (string file, ProductImages images) =>
                images.PathOf(file) is { } path
                    ? Results.File(path, ProductImages.ContentTypeOf(file), enableRangeProcessing: false)
                    : Results.NotFound())
            .RequireAuthorization();
        return endpoints;
    }
}
