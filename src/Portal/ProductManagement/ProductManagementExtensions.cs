namespace Portal.ProductManagement;

public static class ProductManagementExtensions
{
    public static IHostApplicationBuilder AddPortalProductManagement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<PurchaseAnalysis>();
        return builder;
    }
}
