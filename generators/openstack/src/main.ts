import { generatorMain } from '@overcast/generator-core';
import { generator } from './generator.js';

await generatorMain(generator);
