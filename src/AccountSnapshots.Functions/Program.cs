using AccountSnapshots.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

FunctionsApp.Configure(FunctionsApplication.CreateBuilder(args)).Build().Run();
