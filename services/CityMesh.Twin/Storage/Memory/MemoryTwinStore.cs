namespace CityMesh.Twin.Storage.Memory;
